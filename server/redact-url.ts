// Emailed links carry secrets in their path or query (one-time tokens), and some pages carry
// a person's address or a search for a name in their query. Request logs keep the route and
// the other parameters, never those values.

/**
 * Path segments that are a secret in themselves: /invitations/<token> and the like (every
 * route with a `$token` segment; request-security.test.ts checks the list against the routes).
 * Not anchored, so `//invitations/<token>` or a percent-escaped spelling of the rest still hides it.
 */
const TOKEN_PATHS = [/(\/invitations\/+)[^/?#]+/gi, /(\/unsubscribe\/+)[^/?#]+/gi, /(\/meetings\/+cancel\/+)[^/?#]+/gi, /(\/meetings\/+confirm\/+)[^/?#]+/gi];
/** Query parameters whose value is a secret (?token=, ?resetToken=, …) or personal (?email=, a search's ?q=). */
const PRIVATE_PARAM = /token|^e-?mail$|^q$/i;
/** Query parameters whose value is itself a URL of this site (where to go after signing in): redacted in turn. */
const URL_PARAM = /^redirect/i;
export const REDACTED = "[redacted]";

function decoded(value: string): string | null {
  try {
    return decodeURIComponent(value.replaceAll("+", " "));
  } catch {
    return null;
  }
}

/** The request URL as it may be logged: token-bearing path segments and private query values replaced. */
export function redactUrl(url: string | undefined): string {
  if (!url) return "";
  const queryStart = url.indexOf("?");
  let path = queryStart === -1 ? url : url.slice(0, queryStart);
  const query = queryStart === -1 ? "" : url.slice(queryStart + 1);
  for (const pattern of TOKEN_PATHS) path = path.replace(pattern, `$1${REDACTED}`);
  if (!query) return path;
  const params = query.split("&").map((pair) => {
    const equals = pair.indexOf("=");
    if (equals === -1) return pair;
    const rawName = pair.slice(0, equals);
    // A malformed name is matched as it came.
    const name = decoded(rawName) ?? rawName;
    if (PRIVATE_PARAM.test(name)) return `${rawName}=${REDACTED}`;
    if (URL_PARAM.test(name)) {
      const value = decoded(pair.slice(equals + 1));
      return `${rawName}=${value === null ? REDACTED : encodeURIComponent(redactUrl(value))}`;
    }
    return pair;
  });
  return `${path}?${params.join("&")}`;
}
