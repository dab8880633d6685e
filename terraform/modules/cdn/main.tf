locals {
  origin_id = "files-s3"
  # AWS managed policies (fixed ids, so no lookup is needed at plan time).
  # Managed-CachingDisabled; disabled caching forwards no headers, hence the CORS origin request
  # policy (Managed-CORS-S3Origin) beside it.
  caching_disabled_policy_id       = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  cors_s3_origin_request_policy_id = "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf"
  # Managed-SecurityHeadersPolicy: HSTS, X-Content-Type-Options, X-Frame-Options, Referrer-Policy.
  security_headers_policy_id = "67f7725c-6f97-4210-82d7-5512b31e9d03"
}

resource "aws_cloudfront_origin_access_control" "files" {
  name                              = "${var.name_prefix}-files"
  description                       = "CloudFront access to the files bucket"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

# Like Managed-CachingOptimized, plus the CORS request headers in the cache key: S3 answers with
# the bucket's CORS rule only when it sees Origin, and CloudFront ignores Vary, so without them a
# response cached for a plain request would be served to the web app's CORS requests too.
resource "aws_cloudfront_cache_policy" "files" {
  name        = "${var.name_prefix}-files"
  comment     = "Files bucket: long caching, keyed on the CORS request headers"
  min_ttl     = 1
  default_ttl = 86400
  max_ttl     = 31536000

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_brotli = true
    enable_accept_encoding_gzip   = true

    headers_config {
      header_behavior = "whitelist"
      headers {
        items = ["Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers"]
      }
    }

    cookies_config {
      cookie_behavior = "none"
    }

    query_strings_config {
      query_string_behavior = "none"
    }
  }
}

resource "aws_cloudfront_distribution" "files" {
  enabled         = true
  comment         = "${var.name_prefix} files"
  aliases         = var.aliases
  is_ipv6_enabled = true
  http_version    = "http2and3"
  price_class     = var.price_class

  origin {
    origin_id                = local.origin_id
    domain_name              = var.origin_bucket_domain
    origin_access_control_id = aws_cloudfront_origin_access_control.files.id
  }

  default_cache_behavior {
    target_origin_id           = local.origin_id
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD", "OPTIONS"]
    cached_methods             = ["GET", "HEAD"]
    cache_policy_id            = aws_cloudfront_cache_policy.files.id
    response_headers_policy_id = local.security_headers_policy_id
    compress                   = true
  }

  # Report exports change on every run: never cache them.
  ordered_cache_behavior {
    path_pattern               = "/reports/*"
    target_origin_id           = local.origin_id
    viewer_protocol_policy     = "https-only"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    cache_policy_id            = local.caching_disabled_policy_id
    origin_request_policy_id   = local.cors_s3_origin_request_policy_id
    response_headers_policy_id = local.security_headers_policy_id
  }

  viewer_certificate {
    acm_certificate_arn      = var.acm_certificate_arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  logging_config {
    bucket          = var.log_bucket_domain
    prefix          = "cloudfront/files/"
    include_cookies = false
  }
}
