// Checking a repository allocates and frees millions of small strings and vectors (every
// scalar of every document, twice: tree and model). mimalloc does that markedly faster than
// the system allocator (see docs/benchmarks.md); the library leaves the choice to its users.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(ikp_lint::cli::main());
}
