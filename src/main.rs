fn main() {
    std::process::exit(ikp_lint::cli::main());
}
