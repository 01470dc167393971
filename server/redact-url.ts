// Emailed links carry secrets in their path or query (one-time tokens). Request logs keep
// the route and the non-secret parameters, never the secret itself.

/**
 * Path segments that are a secret in themselves: /invitations/<token> and the like. Not
 * anchored, so `//invitations/<token>` or a percent-escaped spelling of the rest still hides it.
 */
const TOKEN_PATHS = [/(\/invitations\/+)[^/?#]+/gi, /(\/unsubscribe\/+)[^/?#]+/gi, /(\/meetings\/+cancel\/+)[^/?#]+/gi];
/** Query parameters whose value is a secret: ?token=, ?resetToken=, … */
const SECRET_PARAM = /token/i;
export const REDACTED = "[redacted]";

/** The request URL as it may be logged: token-bearing path segments and query values replaced. */
export function redactUrl(url: string | undefined): string {
  if (!url) return "";
  const queryStart = url.indexOf("?");
  let path = queryStart === -1 ? url : url.slice(0, queryStart);
  const query = queryStart === -1 ? "" : url.slice(queryStart + 1);
  for (const pattern of TOKEN_PATHS) path = path.replace(pattern, `$1${REDACTED}`);
  if (!query) return path;
  const params = query.split("&").map((pair) => {
    const equals = pair.indexOf("=");
    const name = equals === -1 ? pair : pair.slice(0, equals);
    let decoded = name;
    try {
      decoded = decodeURIComponent(name.replaceAll("+", " "));
    } catch {
      // a malformed name is logged as it came
    }
    return equals !== -1 && SECRET_PARAM.test(decoded) ? `${name}=${REDACTED}` : pair;
  });
  return `${path}?${params.join("&")}`;
}
