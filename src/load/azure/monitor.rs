//! Diagnostic settings (`Microsoft.Insights/diagnosticSettings`).

use crate::load::tree::Cursor;
use crate::model::{DiagnosticSetting, Field, Spec};

/// `r` is the resource, `p` its properties. The exported resource is the
/// template's `scope`, or the part of a live ID before its `/providers/`
/// extension.
pub(super) fn diagnostic_setting(r: &Cursor, p: &Cursor, id: Option<&str>) -> Spec {
    let target = match r.get("scope").string() {
        Field::Absent(loc) => match id.and_then(|id| {
            let at = id
                .to_ascii_lowercase()
                .rfind("/providers/microsoft.insights/")?;
            Some(id[..at].to_string())
        }) {
            Some(target) => Field::Set(target, loc),
            None => Field::Absent(loc),
        },
        scope => scope,
    };
    let logs = p
        .get("logs")
        .items()
        .iter()
        .filter_map(|log| {
            let c = log.cursor(p.file());
            if c.get("enabled").bool().value() == Some(&false) {
                return None;
            }
            let name = c
                .get("category")
                .string()
                .value()
                .or(c.get("categoryGroup").string().value())
                .cloned()?;
            Some((name, log.loc(p.file())))
        })
        .collect();
    Spec::DiagnosticSetting(DiagnosticSetting { target, logs })
}

#[cfg(test)]
mod tests {
    use super::super::tests::read_one;
    use crate::model::Spec;

    #[test]
    fn a_live_setting_exports_from_the_resource_its_id_extends() {
        let spec = read_one(
            r#"{"type": "Microsoft.Insights/diagnosticSettings", "name": "audit",
                "id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks/providers/microsoft.insights/diagnosticSettings/audit",
                "properties": {"logs": [{"category": "kube-audit-admin", "enabled": true},
                                         {"category": "kube-apiserver", "enabled": false}]}}"#,
        );
        let Spec::DiagnosticSetting(setting) = spec else {
            panic!("{spec:?}")
        };
        assert_eq!(
            setting.target.value().map(String::as_str),
            Some(
                "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks"
            )
        );
        let logs: Vec<&str> = setting.logs.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(logs, ["kube-audit-admin"]);
    }
}
