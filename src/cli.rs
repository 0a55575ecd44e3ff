//! The command line. Thin: parses arguments, calls the library, prints.

use clap::{Parser, Subcommand};

use crate::model::DocKind;

#[derive(Parser)]
#[command(
    name = "ikp",
    version,
    about = "Granskar internkontrollplaner och uppföljningar"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Skriv ut JSON-schemat för en dokumenttyp (plan, uppföljning, ks-punkter).
    Schema { kind: String },
}

pub fn main() -> i32 {
    let cli = Cli::parse();
    match cli.command {
        Command::Schema { kind } => {
            let Some(kind) = DocKind::from_typ(&kind) else {
                eprintln!("okänd dokumenttyp: {kind}");
                return 2;
            };
            match serde_json::to_string_pretty(&crate::schema::schema_for(kind)) {
                Ok(text) => {
                    println!("{text}");
                    0
                }
                Err(e) => {
                    eprintln!("{e}");
                    2
                }
            }
        }
    }
}
