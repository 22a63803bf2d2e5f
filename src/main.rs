fn main() -> std::process::ExitCode {
    chanto::cli::run()
}
