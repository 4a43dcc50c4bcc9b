export const environment = {
  production: false,
  apiBaseUrl: 'http://localhost:8000/api/',
}
