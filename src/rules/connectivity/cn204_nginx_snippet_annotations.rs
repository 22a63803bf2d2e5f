use crate::model::{IngressSpec, KubeObject};
use crate::rules::{Context, Judgement, declare_rule, fail_all};

declare_rule! {
    /// ## What it checks
    /// Ingresses with NGINX snippet annotations
    /// (`nginx.ingress.kubernetes.io/configuration-snippet`,
    /// `server-snippet`, `auth-snippet`, `stream-snippet` or any other
    /// `*-snippet`), and among them those with Lua code (`*_by_lua`) or an
    /// `alias` directive, whatever the Ingress class: the annotations are read
    /// by ingress-nginx and by the AKS application routing add-on's NGINX.
    ///
    /// ## Why it matters
    /// A snippet is raw NGINX configuration: whoever may create an Ingress can
    /// read the controller's service account token and every Secret it can
    /// read (CVE-2021-25742), or serve files from the controller with `alias`.
    ///
    /// ## How to fix
    /// Express the need with the controller's dedicated annotations, and set
    /// `allow-snippet-annotations: "false"` in the controller's ConfigMap.
    ///
    /// ## What the fix costs
    /// Custom NGINX behaviour without an annotation moves into the controller's
    /// configuration, owned by the platform team.
    ///
    /// ## References
    /// - https://github.com/kubernetes/ingress-nginx/issues/7837
    /// - https://learn.microsoft.com/azure/aks/app-routing-nginx-configuration
    code: "CN204", name: "nginx-snippet-annotation", judges: [Ingress(judge)],
    pillar: Connectivity, kind: Exposure, severity: High, responsibility: Customer, component: LoadBalancer,
    since: "0.2.0", status: Preview, title: "Ingress with an NGINX configuration snippet annotation",
    remediation: "Replace snippet annotations with dedicated ones and disable allow-snippet-annotations",
}

const NGINX: &str = "nginx.ingress.kubernetes.io/";

fn judge(_: &Context, object: &KubeObject, _: &IngressSpec) -> Judgement {
    let violations = object
        .annotations
        .iter()
        .filter_map(|(key, value)| {
            let name = key.strip_prefix(NGINX)?;
            if !name.ends_with("-snippet") {
                return None;
            }
            let what = if value.contains("_by_lua") {
                "runs Lua code"
            } else if value
                .split(|c: char| c.is_whitespace() || c == ';')
                .any(|w| w == "alias")
            {
                "serves files with alias"
            } else {
                "injects NGINX configuration"
            };
            Some((
                object.loc,
                format!("the Ingress sets {key}, which {what} (CVE-2021-25742)"),
            ))
        })
        .collect();
    fail_all(violations)
}
