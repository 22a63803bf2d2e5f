//! The input shapes an Azure resource comes in.

/// The JSON shape an Azure resource was read from (`aks-reference.md` §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Shape {
    /// `az aks show`, `az acr show` and the like: `properties` flattened to the
    /// top level (except `az keyvault show`), keys re-cased, nulls everywhere.
    AzCli,
    /// The ARM/REST resource (`GET` on its ID), `properties` nested.
    ArmResource,
    /// A resource inside an ARM deployment template.
    ArmTemplate,
    /// A row of an Azure Resource Graph query.
    ResourceGraph,
    /// A resource block of a Terraform configuration (`.tf`).
    Terraform,
    /// A resource in a Terraform plan (`terraform show -json`).
    TerraformPlan,
}

impl Shape {
    /// Live shapes report the effective state of a running resource; a
    /// template or a Terraform configuration only states what is
    /// requested, so absent fields take the defaults at deployment time.
    pub fn is_live(self) -> bool {
        !matches!(
            self,
            Shape::ArmTemplate | Shape::Terraform | Shape::TerraformPlan
        )
    }
}
