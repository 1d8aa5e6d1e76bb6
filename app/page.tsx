export default function HomePage() {
  return (
    <section className="space-y-4">
      <h1 className="text-3xl font-semibold tracking-tight">Certified container images</h1>
      <p className="text-slate-600 dark:text-slate-400">No certified images yet.</p>
    </section>
  );
}
