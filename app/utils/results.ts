// Commands return tagged results; routes map a failure's status to the HTTP answer and show
// its messages beside the fields they name ("form" for the page as a whole).
export type Failure = { ok: false; status: 400 | 403 | 404 | 409 | 429; errors: Record<string, string[]> };

export function fail(status: Failure["status"], field: string, message: string): Failure {
  return { ok: false, status, errors: { [field]: [message] } };
}
