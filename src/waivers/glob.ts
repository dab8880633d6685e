/**
 * The waivers file's resource patterns, kept deliberately small: `*` matches any run of characters
 * (dots, slashes, colons and brackets included, so `module.network.*` covers nested modules and
 * `arn:aws:s3:::classboard-*` covers every bucket with that prefix), `?` matches exactly one
 * character, and every other character matches only itself — `[` and `]` are literal, so an
 * instance address such as `aws_subnet.public[0]` is written as it is. The whole address (or ARN)
 * must match, and case counts.
 */
export function globToRegExp(pattern: string): RegExp {
  let source = "";
  for (const ch of pattern) {
    if (ch === "*") source += "[\\s\\S]*";
    else if (ch === "?") source += "[\\s\\S]";
    else source += ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, "u");
}

/** A compiled glob, cached: a waivers file is matched against every result of a scan. */
export function globMatcher(pattern: string): (text: string) => boolean {
  const re = globToRegExp(pattern);
  return (text) => re.test(text);
}
