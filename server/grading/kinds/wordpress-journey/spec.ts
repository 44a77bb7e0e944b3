/** `wordpress-journey` (dynamic): the grader installs WordPress over HTTP, reads the home page, optionally recreates the stack. */
import { z } from "zod";
import { wordpressJourneyFields } from "../../stack/stack-spec-fields";
import { baseFields } from "../spec-fields";

export const wordpressJourneySpec = z.object({ ...baseFields, kind: z.literal("wordpress-journey"), ...wordpressJourneyFields });
