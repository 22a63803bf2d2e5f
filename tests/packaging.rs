//! The ways to get and run chanto that teams expect, tested with the real
//! clients. Ignored by default, as they build chanto again; `.ci/run` runs
//! them (`cargo test -- --ignored`) after `.ci/install-tools`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repository_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(dir: &Path, program: &str, args: &[&str]) -> std::process::Output {
    Command::new(program)
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "chanto test")
        .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
        .env("GIT_COMMITTER_NAME", "chanto test")
        .env("GIT_COMMITTER_EMAIL", "test@example.invalid")
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"))
}

const PRIVILEGED: &str = "apiVersion: v1
kind: Pod
metadata:
  name: debug
  namespace: shop
spec:
  containers:
    - name: shell
      image: contoso.azurecr.io/tools:1.0
      securityContext:
        privileged: true
";

#[test]
#[ignore = "builds chanto through pre-commit; .ci/run runs it"]
fn the_pre_commit_hook_blocks_a_privileged_pod_and_passes_the_fix() {
    let root = repository_root();
    let pre_commit = root.join(".ci/.venv/bin/pre-commit");
    assert!(
        pre_commit.exists(),
        "{} missing: run .ci/install-tools",
        pre_commit.display()
    );
    let head = run(&root, "git", &["rev-parse", "HEAD"]);
    assert!(
        head.status.success(),
        "the hook is read from this repository's HEAD"
    );
    let rev = String::from_utf8(head.stdout).unwrap().trim().to_string();

    let work = tempfile::tempdir().unwrap();
    let repo = work.path().join("app");
    std::fs::create_dir(&repo).unwrap();
    assert!(run(&repo, "git", &["init", "-q"]).status.success());
    std::fs::write(
        repo.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: chanto\n",
            root.display()
        ),
    )
    .unwrap();
    let pre_commit = pre_commit.to_str().unwrap();
    // pre-commit's environments live in the throwaway folder; the build
    // reuses this checkout's compiled dependencies.
    let home = work.path().join("pre-commit-home");
    let commit = |message: &str| {
        Command::new("git")
            .current_dir(&repo)
            .args(["commit", "-q", "-m", message])
            .env("PRE_COMMIT_HOME", &home)
            .env("CARGO_TARGET_DIR", root.join("target/pre-commit"))
            .env(
                "PATH",
                format!(
                    "{}:{}",
                    Path::new(pre_commit).parent().unwrap().display(),
                    std::env::var("PATH").unwrap_or_default()
                ),
            )
            .env("GIT_AUTHOR_NAME", "chanto test")
            .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
            .env("GIT_COMMITTER_NAME", "chanto test")
            .env("GIT_COMMITTER_EMAIL", "test@example.invalid")
            .output()
            .unwrap()
    };
    assert!(run(&repo, pre_commit, &["install"]).status.success());

    std::fs::write(repo.join("pod.yaml"), PRIVILEGED).unwrap();
    assert!(run(&repo, "git", &["add", "."]).status.success());
    let blocked = commit("add a debug pod");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&blocked.stdout),
        String::from_utf8_lossy(&blocked.stderr)
    );
    assert!(!blocked.status.success(), "the hook let it through: {said}");
    assert!(said.contains("CL201"), "{said}");

    let fixed = PRIVILEGED.replace(
        "        privileged: true\n",
        "        privileged: false\n        allowPrivilegeEscalation: false\n",
    );
    std::fs::write(repo.join("pod.yaml"), fixed).unwrap();
    assert!(run(&repo, "git", &["add", "."]).status.success());
    let passed = commit("add a debug pod, unprivileged");
    assert!(
        passed.status.success(),
        "{}{}",
        String::from_utf8_lossy(&passed.stdout),
        String::from_utf8_lossy(&passed.stderr)
    );
    let log = run(&repo, "git", &["log", "--oneline"]);
    assert_eq!(String::from_utf8_lossy(&log.stdout).lines().count(), 1);
}
