export const util = () => 42;
