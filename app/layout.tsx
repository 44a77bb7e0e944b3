import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Docker Workbench", template: "%s · Docker Workbench" },
  description: "Learn Docker by doing: write Dockerfiles, run them in your own sandbox, and get graded.",
};

export const viewport: Viewport = { themeColor: "#14202e", colorScheme: "light" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
