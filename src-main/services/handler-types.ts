import type { z } from 'zod';
import type { DESKTOP_API, DesktopMethod, DesktopOutput } from '../../src-shared/contract/desktop-api.js';

/** What one desktop-api method does, given its parsed input. */
export type MethodImpl<M extends DesktopMethod> = (input: z.output<(typeof DESKTOP_API)[M]['input']>) => Promise<DesktopOutput<M>> | DesktopOutput<M>;

/** A group of methods, implemented in its own file and spread into DesktopHandlers. */
export type ImplFor<K extends DesktopMethod> = { [M in K]: MethodImpl<M> };
