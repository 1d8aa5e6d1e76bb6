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
