variable "environment" {
  type        = string
  description = "dev, stage or prod"
}

variable "location" {
  type    = string
  default = "japaneast"
}

variable "admin_group_id" {
  type    = string
  default = "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f"
}

variable "authorized_ip_ranges" {
  type        = list(string)
  description = "Who may reach the API server"
  default     = ["0.0.0.0/0"]
}
