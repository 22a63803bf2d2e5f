//! Peer check IDs in suppressions (`CKV_K8S_20`, `KSV-0014`, `C-0017`):
//! teams moving from Checkov, Trivy or kubescape bring their skip lists
//! along, and each ID stands for the chanto rules that answer that check.

use crate::data::{self, Answer};

/// A peer check named where a rule code was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerId {
    /// The chanto codes that answer it; empty when it is out of scope.
    pub codes: Vec<String>,
    /// What it was taken to mean, for the user to read.
    pub note: String,
}

/// The chanto rules a peer check ID stands for, if it is one.
pub fn translate(text: &str) -> Option<PeerId> {
    let check = data::builtin().frameworks.peer_check(text.trim())?;
    Some(match &check.answer {
        Answer::Rules(codes) => PeerId {
            codes: codes.clone(),
            note: format!(
                "{} ({} check \"{}\") stands for {}, the rules that answer it",
                check.id,
                check.framework,
                check.title,
                codes.join(", ")
            ),
        },
        Answer::NotAnswered(why) => PeerId {
            codes: Vec::new(),
            note: format!(
                "{} ({} check) is out of scope for chanto ({why}): it suppresses nothing",
                check.id, check.framework
            ),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn peer_ids_stand_for_the_rules_that_answer_them() {
        let privileged = translate("ckv_k8s_16").unwrap();
        assert_eq!(privileged.codes, ["CL201"]);
        assert!(privileged.note.contains("checkov"), "{}", privileged.note);
        assert_eq!(translate("KSV-0014").unwrap().codes, ["CL226"]);
        assert!(translate("CKV_AZURE_61").unwrap().codes.is_empty());
        assert!(translate("CL201").is_none());
    }
}
