"use client";
import { useMemo } from "react";
import { useI18n } from "@/app/_components/i18n";
import { accountText } from "./account-text";

/** The account pages' words in the page's language. */
export function useAccountText() {
  const { locale } = useI18n();
  return useMemo(() => accountText(locale), [locale]);
}
