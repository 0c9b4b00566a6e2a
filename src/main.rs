fn main() -> std::process::ExitCode {
    tarjuman::cli::run()
}
