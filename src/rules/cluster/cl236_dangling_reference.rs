use crate::model::{KubeObject, Loc, ObjectKind, ObjectSpec};
use crate::rules::{Context, Judgement, declare_rule, fail_all, not_applicable};

declare_rule! {
    /// ## What it checks
    /// References between Kubernetes objects of one namespace that lead
    /// nowhere:
    /// - a workload whose `selector.matchLabels` its own pod template does not
    ///   carry (the API server refuses it, or it manages pods it never made);
    /// - a pod that names a ServiceAccount the namespace does not have;
    /// - a Service whose selector matches no pod template, and a NetworkPolicy
    ///   whose `podSelector` matches none;
    /// - an Ingress backend or a Gateway API route (`HTTPRoute`, `GRPCRoute`)
    ///   naming a Service the namespace does not have;
    /// - a HorizontalPodAutoscaler whose `scaleTargetRef` names a missing
    ///   workload.
    ///
    /// A scan of part of a repository would see references to objects defined
    /// elsewhere as dangling, so each check needs what it looks for among the
    /// inputs: a target is missing only when the namespace has workloads
    /// (for selectors), objects of the target's kind (for scale targets),
    /// Services (for backends) or ServiceAccounts (for pods) among the
    /// inputs, and a reference is not applicable otherwise. Selectors with
    /// `matchExpressions` are not judged. A selector is taken to match when
    /// each of its labels is on some pod of the namespace, and any selector
    /// matches in a namespace with objects of kinds chanto does not model
    /// (an Argo Rollout, a Knative Service may run the pods) or with pod labels
    /// only known at deployment.
    ///
    /// ## Why it matters
    /// A dangling reference is a manifest that does not do what its review
    /// said: a NetworkPolicy that protects nothing, a Service or Ingress that
    /// serves errors, an autoscaler that never scales, a pod that cannot start.
    ///
    /// ## How to fix
    /// Correct the name or labels, or add the missing object.
    ///
    /// ## What the fix costs
    /// Nothing: the object did not work as written.
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
    /// - https://kubernetes.io/docs/concepts/services-networking/network-policies/
    code: "CL236", name: "dangling-reference", judges: [Object(judge)],
    pillar: Cluster, kind: Exposure, severity: Low, responsibility: Customer, component: Workload,
    since: "0.2.0", status: Preview, title: "Reference to an object or pods the namespace does not have",
    remediation: "Correct the name or labels the object refers to, or add what it refers to",
}

fn judge(cx: &Context, object: &KubeObject) -> Option<Judgement> {
    let inventory = cx.inventory;
    let namespace = object.effective_namespace()?;
    let has = |kind: &ObjectKind| inventory.has_object_in(kind, namespace);
    let exists = |kind: &ObjectKind, name: &str| inventory.object_named(kind, Some(namespace), name).is_some();
    let has_workloads = inventory
        .namespace_named(namespace)
        .is_some_and(|n| !n.workloads.is_empty());
    let missing_services = |backends: &[(String, Loc)], what: &str| -> Judgement {
        if !has(&ObjectKind::Service) {
            return not_applicable("no Service of the namespace among the inputs");
        }
        fail_all(
            backends
                .iter()
                .filter(|(name, _)| !exists(&ObjectKind::Service, name))
                .map(|(name, loc)| (*loc, format!("{what} Service {name}, which the namespace does not have")))
                .collect(),
        )
    };
    let judged = match &object.spec {
        ObjectSpec::Workload(workload) => {
            let facts = &workload.facts;
            let mut violations = Vec::new();
            if let Some((selector, loc)) = &facts.selector
                && facts.labels_complete
                && !selector.iter().all(|label| facts.labels.contains(label))
            {
                violations.push((*loc, "the selector matches none of its own pods".to_string()));
            }
            if let Some(account) = facts.service_account.value()
                && account != "default"
                && has(&ObjectKind::ServiceAccount)
                && !exists(&ObjectKind::ServiceAccount, account)
            {
                violations.push((
                    facts.service_account.loc(),
                    format!("its pods run as ServiceAccount {account}, which the namespace does not have"),
                ));
            }
            fail_all(violations)
        }
        ObjectSpec::Service(service) if !service.selector.is_empty() => {
            if !has_workloads {
                return Some(not_applicable("no workload of the namespace among the inputs"));
            }
            if inventory.pods_may_match(namespace, &service.selector) {
                crate::rules::pass()
            } else {
                crate::rules::fail(service.selector_loc, "the selector matches no pod in the namespace")
            }
        }
        ObjectSpec::NetworkPolicy(policy) => {
            let Some((selector, loc)) = &policy.pod_selector else {
                return None;
            };
            if !has_workloads {
                return Some(not_applicable("no workload of the namespace among the inputs"));
            }
            if inventory.pods_may_match(namespace, selector) {
                crate::rules::pass()
            } else {
                crate::rules::fail(*loc, "the podSelector matches no pod in the namespace: the policy protects nothing")
            }
        }
        ObjectSpec::Ingress(ingress) if !ingress.backends.is_empty() => {
            missing_services(&ingress.backends, "a backend names")
        }
        ObjectSpec::Route { backends } if !backends.is_empty() => {
            missing_services(backends, "a backendRef names")
        }
        ObjectSpec::Autoscaler {
            target: Some((kind, name, loc)),
        } => {
            if !has(kind) {
                return Some(not_applicable("no object of the target's kind in the namespace among the inputs"));
            }
            if exists(kind, name) {
                crate::rules::pass()
            } else {
                crate::rules::fail(*loc, format!("it scales {kind} {name}, which the namespace does not have"))
            }
        }
        _ => return None,
    };
    Some(judged)
}
