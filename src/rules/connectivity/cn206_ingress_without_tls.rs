use crate::model::{Field, IngressSpec, KubeObject};
use crate::rules::{Context, Judgement, declare_rule, fail, pass};

declare_rule! {
    /// ## What it checks
    /// Ingresses without a `spec.tls` entry: their hosts are served over plain
    /// HTTP by the controller. TLS ended in front of the cluster (Front Door,
    /// an Application Gateway listener) does not show in the Ingress; record
    /// such a case as a waiver.
    ///
    /// ## Why it matters
    /// Without TLS, credentials and session cookies cross the network in clear
    /// and can be altered on the way.
    ///
    /// ## How to fix
    /// Add `spec.tls` with the hosts and a certificate Secret (from Key Vault
    /// through the application routing add-on, or cert-manager).
    ///
    /// ## What the fix costs
    /// A certificate to issue and renew (automated by the add-on or
    /// cert-manager).
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/services-networking/ingress/#tls
    /// - https://learn.microsoft.com/azure/aks/app-routing-dns-ssl
    code: "CN206", name: "ingress-without-tls", judges: [Ingress(judge)],
    pillar: Connectivity, kind: Exposure, severity: Medium, responsibility: Customer, component: LoadBalancer,
    since: "0.2.0", status: Preview, title: "Ingress without TLS",
    remediation: "Add spec.tls with a certificate for the Ingress hosts",
}

fn judge(_: &Context, object: &KubeObject, ingress: &IngressSpec) -> Judgement {
    match ingress.tls.known()? {
        Field::Set(entries, _) if *entries > 0 => pass(),
        _ => fail(object.loc, "the Ingress serves its hosts without TLS"),
    }
}
