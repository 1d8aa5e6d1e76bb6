// Site navigation as data: the header renders these, filtered by who is signed in.
export const SITE = {
  name: 'Assay',
  tagline: 'Certified container images you can verify.',
};

export interface NavItem {
  href: string;
  label: string;
  show: 'always' | 'signed-in' | 'reviewer' | 'admin';
}

export const MAIN_NAV: NavItem[] = [
  { href: '/', label: 'Catalog', show: 'always' },
  { href: '/dashboard', label: 'Dashboard', show: 'signed-in' },
  { href: '/review', label: 'Review', show: 'reviewer' },
  { href: '/admin', label: 'Admin', show: 'admin' },
];

/** The admin area's own navigation (app/(portal)/admin). */
export const ADMIN_NAV: { href: string; label: string }[] = [
  { href: '/admin', label: 'Overview' },
  { href: '/admin/users', label: 'Users' },
  { href: '/admin/organizations', label: 'Organizations' },
  { href: '/admin/outbox', label: 'Outbox' },
  { href: '/admin/audit', label: 'Audit log' },
  { href: '/admin/settings', label: 'Settings' },
  { href: '/admin/policy', label: 'Policy' },
  { href: '/admin/advisories', label: 'Advisories' },
];

/** "How certification works" on the home page. */
export const CERTIFICATION_STEPS: { title: string; body: string }[] = [
  {
    title: 'Vendors submit an image',
    body: 'An independent software vendor offers an image digest from its registry or as an archive, signed with a key it registered.',
  },
  {
    title: 'The engine checks it',
    body: 'Assay inspects every layer: signatures, packages and known vulnerabilities, licences, users, labels — and explains every verdict.',
  },
  {
    title: 'Reviewers approve, you verify',
    body: 'A reviewer approves the result, the listing is published with a signed certification, and anyone can verify the digest they run.',
  },
];
