import fs from "node:fs";
import path from "node:path";
import { redirect, type AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { documentPostReply, formAction } from "./form-actions.server";
import { fail, ok } from "./results";

const saved: string[] = [];
const action = formAction(
  () => ({ actor: "sam" }),
  (intent) => ({
    rename: intent({
      schema: z.object({ name: z.string().trim().min(1, "Enter a name"), password: z.string().optional() }),
      run: async (input, { actor }) =>
        input.name === "taken" ? fail(409, "name", "That name is taken") : (saved.push(`${actor}:${input.name}`), ok({ name: input.name })),
      success: (made) => ({ message: `Renamed to ${made.name}`, result: { name: made.name } }),
    }),
    upload: intent({
      schema: z.object({ lines: z.string() }),
      run: async (input) => (input.lines === "bad" ? { ...fail(400, "file", "2 rows cannot be imported"), rows: [3, 7] } : ok({ imported: 1 })),
      failed: (refusal) => ({ wrongRows: refusal.rows }),
    }),
    remove: intent({
      schema: z.object({ itemId: z.string().min(1) }),
      form: (fields) => `remove-${fields.itemId}`,
      run: async () => ok(),
      success: () => redirect("/items"),
    }),
  }),
);

const post = (fields: Record<string, string>) =>
  action({ request: new Request("http://app.test/items", { method: "POST", body: new URLSearchParams(fields) }), params: {}, context: {} as AppLoadContext });

describe("the form action pipeline", () => {
  it("answers bad input with 400, messages by field and the typed values (never a password), and runs nothing", async () => {
    const response = await post({ intent: "rename", name: " ", password: "secret-words" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      form: "rename",
      status: "error",
      errors: { name: ["Enter a name"] },
      values: { intent: "rename", name: " " },
      done: null,
      message: null,
      result: null,
    });
    expect(saved).toEqual([]);
  });

  it("passes a command's refusal through with its status, for the form it belongs to", async () => {
    const response = await post({ intent: "rename", name: "taken" });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ form: "rename", status: "error", errors: { name: ["That name is taken"] }, values: { name: "taken" } });
  });

  it("answers a success with a message, a result and a fresh done marker each time", async () => {
    const first = await (await post({ intent: "rename", name: "Hemsley" })).json();
    const second = await (await post({ intent: "rename", name: "Hemsley" })).json();
    expect(first).toMatchObject({ form: "rename", status: "success", errors: null, message: "Renamed to Hemsley", result: { name: "Hemsley" } });
    expect(first.done).toMatch(/^rename:/);
    expect(second.done).not.toBe(first.done);
    expect(saved).toEqual(["sam:Hemsley", "sam:Hemsley"]);
  });

  it("redirects when success says so, and names the form from the fields", async () => {
    await expect(post({ intent: "remove", itemId: "42" })).rejects.toSatisfy(
      (thrown: Response) => thrown.status === 302 && thrown.headers.get("location") === "/items",
    );
    expect(await (await post({ intent: "remove", itemId: "" })).json()).toMatchObject({ form: "remove-", status: "error" });
  });

  it("carries what a refusal says beside its messages (the rows of an upload that are wrong) in the reply's result", async () => {
    const response = await post({ intent: "upload", lines: "bad" });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      form: "upload",
      status: "error",
      errors: { file: ["2 rows cannot be imported"] },
      result: { wrongRows: [3, 7] },
    });
    expect(await (await post({ intent: "upload", lines: "good" })).json()).toMatchObject({ form: "upload", status: "success", result: null });
  });

  it("lets the loaders of a post made without JavaScript, in that same request only, read its reply (to name the step a page shows)", async () => {
    const send = (fields: Record<string, string>, documentPost: boolean) => {
      const context = { documentPost } as AppLoadContext;
      const request = new Request("http://app.test/items", { method: "POST", body: new URLSearchParams(fields) });
      return action({ request, params: {}, context }).then(() => context);
    };
    const renamed = await send({ intent: "rename", name: "Hemsley" }, true);
    expect(documentPostReply<typeof action>(renamed)).toMatchObject({ form: "rename", status: "success", result: { name: "Hemsley" } });
    const refused = await send({ intent: "rename", name: "taken" }, true);
    expect(documentPostReply<typeof action>(refused)).toMatchObject({ form: "rename", status: "error", errors: { name: ["That name is taken"] } });
    // Another request (the next page) has nothing; nor has a post made with JavaScript, whose loaders run in a later request.
    expect(documentPostReply<typeof action>({ documentPost: true } as AppLoadContext)).toBeUndefined();
    expect(documentPostReply<typeof action>(await send({ intent: "rename", name: "Hemsley" }, false))).toBeUndefined();
  });

  it.each(["drop-table", "toString", "constructor", "__proto__", "hasOwnProperty"])("refuses an intent it does not declare: %s", async (name) => {
    const response = await post({ intent: name });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ form: "form", errors: { form: ["This form could not be read: reload the page and try again"] } });
  });

  it("answers a refused post (a rate limit) for the page's one form, with its headers, and runs nothing", async () => {
    const ran: string[] = [];
    const limited = formAction(
      () => ({}),
      (intent) => ({ "sign-in": intent({ schema: z.object({ email: z.string() }), run: async (input) => (ran.push(input.email), ok()) }) }),
      {
        refuse: ({ context }) =>
          context.limited ? { ...fail(429, "form", "Too many attempts. Try again in 2 minutes."), headers: { "Retry-After": "120" } } : null,
      },
    );
    const send = (limitedNow: boolean) =>
      limited({
        request: new Request("http://app.test/in", { method: "POST", body: new URLSearchParams({ email: "a@b.test" }) }),
        params: {},
        context: { limited: limitedNow } as unknown as AppLoadContext,
      });
    const refused = await send(true);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Retry-After")).toBe("120");
    expect(await refused.json()).toMatchObject({ form: "sign-in", status: "error", errors: { form: ["Too many attempts. Try again in 2 minutes."] } });
    expect(ran).toEqual([]);
    expect((await send(false)).status).toBe(200);
    expect(ran).toEqual(["a@b.test"]);
  });

  // The browser build keeps a route's other exports and relies on tree-shaking to drop its
  // action; a top-level call survives that unless marked pure, and in the browser the
  // server-only pipeline is an empty module, so the page's script would fail to load (ADR 028).
  it("is marked pure wherever a route builds its action with it, so the browser build drops it", () => {
    const routes = fs.readdirSync("app/routes", { recursive: true, encoding: "utf8" }).filter((file) => /\.tsx?$/.test(file));
    const unmarked = routes.filter((file) => /(?<!\/\* @__PURE__ \*\/ )formAction\(/.test(fs.readFileSync(path.join("app/routes", file), "utf8")));
    expect(unmarked).toEqual([]);
    expect(routes.some((file) => fs.readFileSync(path.join("app/routes", file), "utf8").includes("export const action = /* @__PURE__ */ formAction("))).toBe(
      true,
    );
  });
});
