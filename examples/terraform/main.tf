# A team's AKS stack in Terraform: the environment calls a local module for
# the cluster and keeps its registry beside it. Scan the folder; the module
# is followed with the values this file passes.

terraform {
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.50"
    }
  }
}

provider "azurerm" {
  features {}
}

locals {
  name       = "shop-${var.environment}"
  production = var.environment == "prod"
}

module "aks" {
  source = "./modules/aks"

  name                 = "aks-${local.name}"
  location             = var.location
  production           = local.production
  admin_group_id       = var.admin_group_id
  authorized_ip_ranges = var.authorized_ip_ranges
}

resource "azurerm_container_registry" "shop" {
  name                = "acr${replace(local.name, "-", "")}"
  resource_group_name = "rg-${local.name}"
  location            = var.location
  sku                 = "Premium"
  admin_enabled       = true

  network_rule_set {
    default_action = "Deny"
  }
}

resource "azurerm_role_assignment" "kubelet_pull" {
  scope                = azurerm_container_registry.shop.id
  role_definition_name = "AcrPull"
  principal_id         = module.aks.kubelet_object_id
}
