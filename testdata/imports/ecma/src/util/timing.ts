export const debounce = 1;
