/** The request bodies of the account and class routes. */
import { z } from "zod";
import { newPasswordSchema, PASSWORD_MAX_LENGTH } from "@/server/identity/passwords";

const email = z.string().trim().max(254, "That e-mail is too long.").email("Enter a valid e-mail address.");
const anyPassword = z.string().min(1, "Enter your password.").max(PASSWORD_MAX_LENGTH, "That password is too long.");

export const signInBody = z.object({ email: z.string().trim().min(1, "Enter your e-mail.").max(254), password: anyPassword });
export const changePasswordBody = z.object({
  currentPassword: z.string().min(1, "Enter your current password.").max(PASSWORD_MAX_LENGTH, "That password is too long."),
  newPassword: newPasswordSchema,
});
export const issueResetBody = z.object({ email });
export const resetBody = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "This reset link is not valid."), newPassword: newPasswordSchema });
export const signUpBody = z.object({ joinCode: z.string().min(1).max(32), email, password: newPasswordSchema });
export const createClassBody = z.object({
  name: z.string().trim().min(1, "Give the class a name.").max(100, "A class name has at most 100 characters."),
  steps: z.array(z.number().int().min(1).max(99)).min(1, "Choose at least one step.").max(99),
});
export const joinClassBody = z.object({ code: z.string().min(1).max(32) });
export const solutionSwitchBody = z.object({ step: z.number().int().min(1).max(99), open: z.boolean() });
const stepNumber = z.number().int().min(1).max(99);
/** An ISO date with its zone (the browser turns the teacher's local time into one), or null to remove the date. */
const dueAt = z.union([z.string().datetime({ offset: true, message: "The due date must be a date and time with its time zone." }), z.null()]);
export const deadlineBody = z.object({ step: stepNumber, dueAt });
export const extensionBody = z.object({ studentId: z.string().min(1).max(64), step: stepNumber, dueAt });
export const apiTokenBody = z.object({ name: z.string().trim().min(1, "Name the token (what script uses it).").max(80, "A token name has at most 80 characters.") });
