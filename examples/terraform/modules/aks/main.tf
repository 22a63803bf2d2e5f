variable "name" {
  type = string
}

variable "location" {
  type = string
}

variable "production" {
  type    = bool
  default = false
}

variable "admin_group_id" {
  type = string
}

variable "authorized_ip_ranges" {
  type    = list(string)
  default = []
}

resource "azurerm_kubernetes_cluster" "this" {
  name                      = var.name
  location                  = var.location
  resource_group_name       = "rg-${var.name}"
  dns_prefix                = var.name
  kubernetes_version        = "1.35"
  sku_tier                  = var.production ? "Standard" : "Free"
  local_account_disabled    = true
  automatic_upgrade_channel = "patch"
  oidc_issuer_enabled       = true
  workload_identity_enabled = true
  azure_policy_enabled      = true
  image_cleaner_enabled     = true
  tags                      = { environment = var.production ? "production" : "dev" }

  api_server_access_profile {
    authorized_ip_ranges = var.authorized_ip_ranges
  }

  default_node_pool {
    name                    = "system"
    vm_size                 = "Standard_D4ds_v5"
    os_sku                  = "AzureLinux"
    zones                   = ["1", "2", "3"]
    auto_scaling_enabled    = true
    min_count               = 3
    max_count               = 5
    host_encryption_enabled = true
  }

  identity {
    type = "SystemAssigned"
  }

  azure_active_directory_role_based_access_control {
    azure_rbac_enabled     = true
    admin_group_object_ids = [var.admin_group_id]
  }

  network_profile {
    network_plugin      = "azure"
    network_plugin_mode = "overlay"
    network_policy      = "cilium"
    network_data_plane  = "cilium"
    outbound_type       = "loadBalancer"
  }

  key_vault_secrets_provider {
    secret_rotation_enabled = true
  }

  microsoft_defender {
    log_analytics_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-shop/providers/Microsoft.OperationalInsights/workspaces/law-shop"
  }
}

output "kubelet_object_id" {
  value = azurerm_kubernetes_cluster.this.kubelet_identity[0].object_id
}
