"use client";
import { useCallback } from "react";
import { useI18n } from "@/app/_components/i18n";
import { failureIn } from "./post-json";
import type { TextRef } from "@/lib/i18n/text-ref";

/** A form's failure in the page's language: the route's catalog message when it gave one (its English otherwise). */
export function useFailureText(): (failure: { message: string; text?: TextRef }) => string {
  const { locale } = useI18n();
  return useCallback((failure) => failureIn(failure, locale), [locale]);
}
