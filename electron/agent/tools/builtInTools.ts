import { applyPatch } from './definitions/applyPatch.js';
import { reportFinding } from './definitions/reportFinding.js';
import { shell } from './definitions/shell.js';
import { updatePlan } from './definitions/updatePlan.js';
import { ToolRegistry } from './registry.js';

/** The built-in agent's tools, in the order the model request lists them. */
export const BUILT_IN_TOOLS = new ToolRegistry([shell, applyPatch, updatePlan, reportFinding]);
