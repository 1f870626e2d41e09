/** Nothing to choose: every signed-in caller reads the whole tree. */
export type ListDepartmentsCommand = Record<string, never>;
