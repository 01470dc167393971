import { json, type ActionFunctionArgs, type AppLoadContext, type TypedResponse } from "@remix-run/node";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { readFormBody, UNREADABLE_FORM } from "./form-bodies.server";
import type { FormReply } from "./form-reply";
import { parseForm, type FieldErrors } from "./forms";
import type { CommandResult, Failure, Success } from "./results";

/**
 * The one action pipeline. A route declares who is acting (`context`) and its intents; each
 * intent names its zod schema, the command it runs and what success answers. The pipeline
 * picks the intent from the form's `intent` field, parses, runs, and answers every form the
 * same way (FormReply), so routes hold no parsing, no status mapping and no casts.
 *
 *   export const action = formAction(
 *     ({ request, context }) => ({ actor: requireUser(context, request), publisher: context.publisher }),
 *     (intent) => ({
 *       save: intent({ schema: MeetingFormSchema, run: (input, { actor }) => saveMeeting(actor, input),
 *                      success: (saved) => redirect(`/meetings/${saved.slug}`) }),
 *     }),
 *   );
 */

/** What a successful intent answers when it does not redirect. */
export type SuccessAnswer<Result> = { message?: string; result?: Result };

export type Intent<Context, Schema extends z.ZodTypeAny, Made extends object, Result, Values, Refusal extends Failure = Failure> = {
  schema: Schema;
  /** Which form on the page this answers: a name, or one derived from the submitted fields. Default: the intent's name. */
  form?: string | ((fields: Record<string, unknown>) => string);
  run: (input: z.output<Schema>, context: Context) => Promise<CommandResult<Made> | Refusal>;
  /** A Response (usually a redirect) or what to tell the form. Default: a bare success. */
  success?: (made: Success<Made>, input: z.output<Schema>, context: Context) => Response | SuccessAnswer<Result> | Promise<Response | SuccessAnswer<Result>>;
  /** What the form needs beside the messages when the command refuses (e.g. which rows of an upload are wrong), as the reply's `result`. Default: nothing. */
  failed?: (refusal: Refusal) => Result;
  /** What to refill after an error. Default: every text field but passwords. */
  keep?: (formData: FormData) => Values;
};

// AnyIntent accepts every intent of this context; each keeps its own types through intent().
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyIntent<Context> = Intent<Context, any, any, any, any, any>;

/** Declares one intent with the route's context, so its schema and results keep their types. */
export type IntentBuilder<Context> = <
  Schema extends z.ZodTypeAny,
  Made extends object,
  Result = never,
  Values = Record<string, string>,
  Refusal extends Failure = Failure,
>(
  definition: Intent<Context, Schema, Made, Result, Values, Refusal>,
) => Intent<Context, Schema, Made, Result, Values, Refusal>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ReplyOf<I> = I extends Intent<any, any, any, infer Result, infer Values, any> ? FormReply<Result, Values> : never;

const INTENT_FIELD = "intent";

export function formAction<Context, Intents extends Record<string, AnyIntent<Context>>>(
  context: (args: ActionFunctionArgs) => Context | Promise<Context>,
  declare: (intent: IntentBuilder<Context>) => Intents,
  options: {
    /** How to read the body when it is not a plain form (an upload, with a larger limit for its file). Default: readFormBody. */
    readForm?: (request: Request) => Promise<FormData | Failure>;
    /** Refuses the post before it is read (a rate limit), with headers to send (Retry-After). */
    refuse?: (args: ActionFunctionArgs) => (Failure & { headers?: Record<string, string> }) | null;
    /**
     * Which form answers when a post is refused before its intent is known (rate-limited, too
     * large, unreadable). Default: the form of the route's one intent, or "form".
     */
    form?: string;
  } = {},
): (args: ActionFunctionArgs) => Promise<TypedResponse<ReplyOf<Intents[keyof Intents]>>> {
  const intents = declare((definition) => definition);
  const names = Object.keys(intents);
  const only = names.length === 1 ? intents[names[0]] : null;
  const wholeForm = options.form ?? (only ? (typeof only.form === "string" ? only.form : names[0]) : "form");
  const readForm = options.readForm ?? readFormBody;
  return async (args) => {
    const reply = <R>(answer: Answer) => {
      const body = replyBody(answer);
      if (args.context.documentPost) documentPostReplies.set(args.context, body);
      return json(body, { status: answer.status, headers: answer.headers }) as TypedResponse<R>;
    };
    const refused = options.refuse?.(args);
    if (refused) return reply({ form: wholeForm, status: refused.status, errors: refused.errors, headers: refused.headers });
    const actor = await context(args);
    const formData = await readForm(args.request);
    if (!(formData instanceof FormData)) return reply({ form: wholeForm, status: formData.status, errors: formData.errors });
    const requested = formData.get(INTENT_FIELD);
    // Own keys only: `constructor` or `toString` must not pick something off the prototype.
    const name = typeof requested === "string" && Object.hasOwn(intents, requested) ? requested : names.length === 1 && requested === null ? names[0] : null;
    if (!name) return reply({ form: wholeForm, status: 400, errors: UNREADABLE_FORM.errors });
    const chosen = intents[name];
    const parsed = parseForm(formData, chosen.schema);
    const fields = parsed.success ? (parsed.data as Record<string, unknown>) : parsed.values;
    const form = typeof chosen.form === "function" ? chosen.form(fields) : (chosen.form ?? name);
    const kept = () => (chosen.keep ? chosen.keep(formData) : parsed.success ? keptValues(formData) : parsed.values);
    if (!parsed.success) return reply({ form, status: 400, errors: parsed.errors, values: kept() });
    const made = await chosen.run(parsed.data, actor);
    if (!made.ok) return reply({ form, status: made.status, errors: made.errors, values: kept(), result: chosen.failed?.(made) });
    const answer = chosen.success ? await chosen.success(made, parsed.data, actor) : {};
    // Thrown, not returned, so the action's type is its form reply alone.
    if (answer instanceof Response) throw answer;
    return reply({ form, status: 200, message: answer.message, result: answer.result });
  };
}

type Answer = {
  form: string;
  status: number;
  errors?: FieldErrors;
  values?: unknown;
  message?: string;
  result?: unknown;
  headers?: Record<string, string>;
};

function replyBody(answer: Answer): FormReply<unknown, unknown> {
  const ok = answer.status < 400;
  return {
    form: answer.form,
    status: ok ? "success" : "error",
    errors: answer.errors ?? null,
    values: answer.values ?? null,
    done: ok ? `${answer.form}:${randomUUID()}` : null,
    message: answer.message ?? null,
    result: answer.result ?? null,
  };
}

/**
 * Replies to forms posted without JavaScript, by the request's load context. Remix answers
 * such a post in one request: it runs the action, then the page's loaders, handing each the
 * same load context (staticHandler.query in @remix-run/router). Held only as long as that
 * request is: nothing is written anywhere.
 */
const documentPostReplies = new WeakMap<AppLoadContext, FormReply<unknown, unknown>>();

type ReplyOfAction<Action> = Action extends (...args: never[]) => Promise<TypedResponse<infer Reply>> ? Reply : never;

/**
 * For a page whose steps answer on one address: the reply its action gave to this same request,
 * when the form was posted without JavaScript, so the loader (and through its data `meta`) can
 * name the step the page shows. With JavaScript the loaders run in a later request and this is
 * undefined: the page reads the reply with useFormReply and names the step with useStepTitle.
 * A loader passes on only what `meta` needs (the step), never what was posted.
 */
export function documentPostReply<Action extends (...args: never[]) => Promise<unknown>>(context: AppLoadContext): ReplyOfAction<Action> | undefined {
  return documentPostReplies.get(context) as ReplyOfAction<Action> | undefined;
}

function keptValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) if (typeof value === "string" && !/password/i.test(key) && !(key in values)) values[key] = value;
  return values;
}
