import { json } from "@remix-run/node";
import type { FieldErrors } from "~/utils/forms";
import { ProposalFormSchema, type ProposalForm } from "./manage.schema";
import { renderSectionMarkdown } from "./markdown.server";
import type { EditorValues } from "./ui/proposal-editor";

/** Reads the editor form; answers preview and add-section requests itself. */
export function readEditorForm(formData: FormData):
  | { kind: "save"; form: ProposalForm; values: EditorValues }
  | { kind: "reply"; response: ReturnType<typeof json> } {
  const all = (name: string) => formData.getAll(name).map(String);
  const one = (name: string) => String(formData.get(name) ?? "");
  const values: EditorValues = {
    title: one("title"),
    summary: one("summary"),
    audience: one("audience"),
    premoderation: formData.get("premoderation") === "on",
    reportThreshold: one("reportThreshold") || "3",
    opensDate: one("opensDate"),
    opensTime: one("opensTime") || "09:00",
    closesDate: one("closesDate"),
    closesTime: one("closesTime") || "17:00",
    sections: all("heading")
      .map((heading, i) => ({ number: all("number")[i] ?? "", heading, body: all("body")[i] ?? "" }))
      .filter((s) => s.number || s.heading || s.body.trim()),
  };
  const raw: Record<string, unknown> = Object.fromEntries([...formData.keys()].map((key) => [key, formData.getAll(key).length > 1 ? all(key) : one(key)]));
  const parsed = ProposalFormSchema.safeParse(raw);
  const intent = one("intent");
  const previews = intent === "preview" ? values.sections.map((s) => renderSectionMarkdown(s.body)) : null;
  if (intent === "preview" || intent === "add-section") {
    return { kind: "reply", response: json({ values, errors: null as FieldErrors | null, previews }) };
  }
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) (errors[issue.path.length ? String(issue.path[0]) : "form"] ??= []).push(issue.message);
    return { kind: "reply", response: json({ values, errors, previews: null }, { status: 400 }) };
  }
  return { kind: "save", form: parsed.data, values };
}
