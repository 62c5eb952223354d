import { z } from 'zod';

/** Schemas that accept more than the model is shown, each with what it is shown (a zod registry would rewrite a schema-valued entry). */
const shownInstead = new WeakMap<z.core.$ZodType, z.core.$ZodType>();

/** Value limits are checked on parse, where breaking one gets the model an error text naming the fix. */
const LIMIT_KEYWORDS = ['minLength', 'maxLength', 'minItems', 'maxItems', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'];

/**
 * Accepts every shape of `accepted` while the schema the model sees shows only `shown`, so
 * models trained on Codex's tools see what they know and careless ones still get through.
 * Describe `accepted` before passing it: `.describe()` makes a new schema, unknown here.
 */
export function shownAs<T extends z.core.$ZodType>(accepted: T, shown: z.core.$ZodType): T {
  shownInstead.set(accepted, shown);
  return accepted;
}

/**
 * The JSON Schema sent to the model for a tool's arguments. It is the parse's output side
 * (`io: 'output'`: preprocessed and coerced fields show the value they end as, objects are
 * closed), with three forgiving habits left unshown so the schema stays Codex's: `null` for
 * an absent field, what `shownAs` accepts beyond what it shows, and value limits.
 */
export function advertisedSchema(args: z.core.$ZodType): Record<string, unknown> {
  const schema = z.toJSONSchema(args, { io: 'output', override: ({ zodSchema, jsonSchema }) => advertise(zodSchema, jsonSchema) });
  delete schema.$schema;
  return schema;
}

function advertise(zodSchema: z.core.$ZodType, jsonSchema: z.core.JSONSchema.BaseSchema): void {
  const shown = shownInstead.get(zodSchema);
  if (shown !== undefined) {
    replaceWith(jsonSchema, advertisedSchema(shown));
  } else if (zodSchema instanceof z.ZodNullable) {
    const [inner] = jsonSchema.anyOf ?? [];
    if (inner !== undefined && typeof inner === 'object') replaceWith(jsonSchema, inner);
  }
  for (const keyword of LIMIT_KEYWORDS) Reflect.deleteProperty(jsonSchema, keyword);
}

/** Swaps a schema node's content in place (the converter holds the object), keeping its description and other metadata. */
function replaceWith(node: z.core.JSONSchema.BaseSchema, replacement: z.core.JSONSchema.BaseSchema): void {
  const metadata = { ...node };
  delete metadata.anyOf;
  for (const key of Object.keys(node)) Reflect.deleteProperty(node, key);
  Object.assign(node, replacement, metadata);
}
