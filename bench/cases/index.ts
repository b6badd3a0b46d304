// The case registry: one file per op family, each exporting `cases`. Adding a family
// (dot/matmul, reductions, transpose, dense) is one file in this folder plus its line here;
// the CLI, the agreement check, the reports and --filter/--sizes pick it up from this list.
import type { CaseDefinition } from "../case.js";
import { cases as elementwise } from "./elementwise.js";
import { cases as linalg } from "./linalg.js";
import { cases as reduce } from "./reduce.js";
import { cases as unary } from "./unary.js";
import { cases as dense } from "./dense.js";
import { cases as cast } from "./cast.js";
import { cases as compare } from "./compare.js";
import { cases as indexing } from "./indexing.js";
import { cases as sorting } from "./sort.js";
import { cases as conv } from "./conv.js";
import { cases as pooling } from "./pool.js";

export const CASES: readonly CaseDefinition[] = [...elementwise, ...compare, ...unary, ...cast, ...linalg, ...reduce, ...indexing, ...sorting, ...pooling, ...dense, ...conv];
