import Link from "next/link";

export default function NotFound() {
  return (
    <main className="page page-narrow">
      <h1>Page not found</h1>
      <p>There is nothing at this address. The course has steps numbered from 1.</p>
      <p>
        <Link href="/">Back to the course</Link>
      </p>
    </main>
  );
}
