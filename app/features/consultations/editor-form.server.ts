import type { IntentBuilder } from "#app/utils/form-actions.server";
import { parseForm } from "#app/utils/forms";
import { ok, type CommandResult } from "#app/utils/results";
import { EditorValuesSchema } from "./manage.schema";
import { renderSectionMarkdown } from "./markdown.server";
import type { EditorValues } from "./ui/proposal-editor";

/** The proposal editor as it was typed: drawn again after an error (the editor's `keep`). */
export function typedEditor(formData: FormData): EditorValues {
  const read = parseForm(formData, EditorValuesSchema);
  // The schema catches every field, so it always reads; the fallback only satisfies the type.
  return read.success ? read.data : EditorValuesSchema.parse({});
}

/**
 * "Preview" and "Add another section" save nothing: they draw the editor again with what was
 * typed (a spare section row comes with every drawing), and a preview with each section's
 * Markdown as readers will see it.
 */
export async function previewEditor(values: EditorValues, withPreviews: boolean): Promise<CommandResult<{ values: EditorValues; previews: string[] | null }>> {
  return ok({ values, previews: withPreviews ? values.sections.map((s) => renderSectionMarkdown(s.body)) : null });
}

/** The editor's two redrawing intents, for every page that shows the editor (new, manage). */
export function editorRedrawIntents<Context>(intent: IntentBuilder<Context>) {
  const redraw = (withPreviews: boolean) =>
    intent({
      schema: EditorValuesSchema,
      form: "editor",
      keep: typedEditor,
      run: (values) => previewEditor(values, withPreviews),
      success: (drawn) => ({ result: { values: drawn.values, previews: drawn.previews } }),
    });
  return { preview: redraw(true), "add-section": redraw(false) };
}
