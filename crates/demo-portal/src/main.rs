//! `demo-portal`: serves the demo activity log under the Explore API v2.1 paths, and the built app.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;
use demo_portal::faults::{Faults, Switches};
use demo_portal::table::Table;
use demo_portal::{app, Portal, ACTIVITY_LOG_ID};
use engine::generator::DemoOptions;

#[derive(Parser, Debug)]
#[command(
    about = "A stand-in Opendatasoft portal serving a demo activity log and the built dashboard"
)]
struct Args {
    /// Address to listen on (loopback only by default).
    #[arg(long, default_value = "127.0.0.1")]
    host: std::net::IpAddr,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// The built app to serve (Trunk's output).
    #[arg(long, default_value = "dist")]
    dist: PathBuf,
    /// How many events the demo log holds.
    #[arg(long, default_value_t = 20_000)]
    events: usize,
    /// Days of history, ending at `--now`.
    #[arg(long, default_value_t = 90)]
    days: u32,
    /// Seed of the generator: the same seed gives the same log (for the same day).
    #[arg(long, default_value_t = 2024)]
    seed: u64,
    /// The instant the log ends at (RFC 3339), instead of the clock: the tests fix it so that
    /// what a run covers (DST days included) does not depend on the day it runs.
    #[arg(long)]
    now: Option<chrono::DateTime<chrono::Utc>>,
    /// Serve this export (JSON, JSONL or CSV, as the platform writes them) instead of a
    /// generated log: the tests' hand-checked log, or anyone's own export.
    #[arg(long)]
    log: Option<PathBuf>,
    /// Require this API key (`Authorization: Apikey <key>` or `apikey=`); 401 without it.
    #[arg(long)]
    api_key: Option<String>,
    /// Fault: added latency before each API answer, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Fault: answer every API request with this status (429, 500, 503…).
    #[arg(long)]
    fail_status: Option<u16>,
    /// Fault: cut API bodies after this many bytes.
    #[arg(long)]
    cut_after: Option<usize>,
    /// Fault: answer API requests with a body that is not JSON.
    #[arg(long)]
    garbage: bool,
    /// Let `GET /_demo/faults` change the faults at run time (for tests only: anyone who can
    /// reach the port could then switch them).
    #[arg(long)]
    fault_switches: bool,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let options = DemoOptions {
        seed: args.seed,
        events: args.events,
        days: args.days,
    };
    let table = match &args.log {
        Some(path) => Table::from_records(&read_log(path)?),
        None => Table::generated(&options, args.now.unwrap_or_else(chrono::Utc::now)),
    };
    let count = table.len();
    let mut portal = Portal::of_table(table, args.dist.clone());
    portal.switches = Switches::new(Faults {
        api_key: args.api_key.clone(),
        latency_ms: args.latency_ms,
        status: args.fail_status,
        cut_after: args.cut_after,
        garbage: args.garbage,
        ..Faults::default()
    });
    portal.switches_route = args.fault_switches;
    let router = app(portal);
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(args.host, args.port)).await?;
    let address = listener.local_addr()?;
    println!("Demo portal: {count} events in the activity log {ACTIVITY_LOG_ID:?}");
    println!("Serving the app from {}", args.dist.display());
    if args.api_key.is_some() {
        println!("The API requires the key given with --api-key");
    }
    println!("Open http://{address}/");
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}

/// The records of an export file; a record the engine would skip is reported and left out.
fn read_log(path: &std::path::Path) -> std::io::Result<Vec<engine::Record>> {
    let bytes = std::fs::read(path)?;
    let mut store = engine::Store::new();
    let report = engine::parse::parse_any(&bytes, &mut store).map_err(|error| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("{}: {error}", path.display()),
        )
    })?;
    if report.skipped_total() > 0 {
        eprintln!(
            "{}: {} records skipped: {:?}",
            path.display(),
            report.skipped_total(),
            report.skipped
        );
    }
    Ok((0..store.len()).map(|row| store.record(row)).collect())
}
