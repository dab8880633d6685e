/**
 * `resource_changes`: only what planned_values lacks (unknown and sensitive marks), read per entry
 * so the `before`/`after` copies of every resource are checked but never built.
 */
import { SharedValues, type JsonBytes } from "./json.js";
import { NO_PATHS, collectTrue, ifMarking, type Interner } from "./paths.js";

export interface ChangeMarks {
  /** Flattened at once into a shared set: far smaller than the tree. */
  unknown: ReadonlySet<string>;
  /** Sensitivity trees, kept only when they mark something (most mark nothing). */
  afterSensitive: unknown;
  beforeSensitive: unknown;
  /** The change had an after_sensitive at all: the plan carries sensitivity marks. */
  marked: boolean;
  /** `change.after`, kept only when the plan has no planned_values to take values from. */
  after?: unknown;
  mode: unknown;
  type: unknown;
  name: unknown;
}

/**
 * Indexes the entries by address. Pure deletes and deposed objects are left out: they will not exist
 * after apply. With `keepAfter`, `change.after` is kept for a plan that lacks planned_values.
 */
export function readResourceChanges(
  json: JsonBytes,
  start: number,
  out: Map<string, ChangeMarks>,
  keepAfter: boolean,
  intern: Interner,
): number {
  if (json.kind(start) !== "array") return json.skip(start);
  // Marks shared by their bytes (`JsonBytes.parseShared`): resources of a type mostly have the same.
  const unknownSets = new SharedValues<ReadonlySet<string>>();
  const sensitiveTrees = new SharedValues<unknown>();
  const unknownPaths = (tree: unknown) => {
    const paths = new Set<string>();
    collectTrue(tree, paths, intern);
    return intern.set(paths);
  };
  return json.array(start, (el) => {
    if (json.kind(el) !== "object") return json.skip(el);
    let address: unknown;
    let deposed = false;
    let actions: unknown;
    const marks: ChangeMarks = {
      unknown: NO_PATHS,
      afterSensitive: undefined,
      beforeSensitive: undefined,
      marked: false,
      mode: undefined,
      type: undefined,
      name: undefined,
    };
    const end = json.object(el, (key, at) => {
      switch (key) {
        case "address":
        case "mode":
        case "type":
        case "name":
        case "deposed": {
          const { value, end: valueEnd } = json.parse(at);
          if (key === "address") address = value;
          else if (key === "deposed") deposed = typeof value === "string" && value !== "";
          else marks[key] = value;
          return valueEnd;
        }
        case "change":
          if (json.kind(at) !== "object") return json.skip(at);
          return json.object(at, (field, fieldAt) => {
            let read: { value: unknown; end: number };
            switch (field) {
              case "actions":
                read = json.parse(fieldAt);
                actions = read.value;
                return read.end;
              case "after_unknown": {
                const paths = json.parseShared(fieldAt, unknownSets, unknownPaths);
                marks.unknown = paths.value;
                return paths.end;
              }
              case "after_sensitive":
                read = json.parseShared(fieldAt, sensitiveTrees, ifMarking);
                marks.marked = true;
                if (read.value !== undefined) marks.afterSensitive = read.value;
                return read.end;
              case "before_sensitive":
                read = json.parseShared(fieldAt, sensitiveTrees, ifMarking);
                if (read.value !== undefined) marks.beforeSensitive = read.value;
                return read.end;
              case "after":
                if (!keepAfter) return json.skip(fieldAt);
                // Not shared: values are redacted in place.
                read = json.parse(fieldAt);
                marks.after = read.value;
                return read.end;
              default:
                return json.skip(fieldAt);
            }
          });
        default:
          return json.skip(at);
      }
    });
    const onlyDelete = Array.isArray(actions) && actions.length === 1 && actions[0] === "delete";
    if (typeof address === "string" && !deposed && !onlyDelete && marks.mode !== "data") out.set(address, marks);
    return end;
  });
}
