export {
  AppError,
  type AppErrorOptions,
  type FieldErrors,
  isAppError,
  validationError,
} from './app-error.ts';
export { type ErrorCode, errorCodes, httpStatusOf } from './error-codes.ts';
