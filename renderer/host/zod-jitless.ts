/**
 * Imported first by main.tsx. Zod reads "may I eval?" when a schema is *built* (module load of shared/*.ts), and the
 * probe is a `new Function` that a strict CSP (no 'unsafe-eval', as both hosts serve) reports as a violation in the
 * console even though zod catches it. Configuring jitless here, before any schema module runs, avoids the probe.
 */
import { z } from 'zod';

z.config({ jitless: true });
