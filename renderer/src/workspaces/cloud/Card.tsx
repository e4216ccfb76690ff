import type { ReactNode } from 'react';

interface CardProps {
  /** The heading's id (the section is labelled by it). */
  id: string;
  title: ReactNode;
  /** Buttons or facts on the right of the heading. */
  actions?: ReactNode;
  children: ReactNode;
}

/** One titled section of the Cloud workspace. */
export const Card = ({ id, title, actions, children }: CardProps) => (
  <section className="card" aria-labelledby={id}>
    <div className="section-header">
      <h2 id={id}>{title}</h2>
      {actions}
    </div>
    {children}
  </section>
);
