variable "name_prefix" {
  description = "Prefix for resource names."
  type        = string
}

variable "origin_bucket_domain" {
  description = "Regional domain name of the files bucket."
  type        = string
}

variable "log_bucket_domain" {
  description = "Domain name of the bucket receiving CloudFront standard logs."
  type        = string
}

variable "aliases" {
  description = "Host names of the distribution."
  type        = list(string)
}

variable "acm_certificate_arn" {
  description = "ACM certificate in us-east-1 covering the aliases."
  type        = string

  validation {
    condition     = can(regex("^arn:aws:acm:us-east-1:[0-9]{12}:certificate/.+$", var.acm_certificate_arn))
    error_message = "CloudFront only uses ACM certificates from us-east-1."
  }
}

variable "price_class" {
  description = "CloudFront price class."
  type        = string

  validation {
    condition     = contains(["PriceClass_100", "PriceClass_200", "PriceClass_All"], var.price_class)
    error_message = "price_class must be PriceClass_100, PriceClass_200 or PriceClass_All."
  }
}
