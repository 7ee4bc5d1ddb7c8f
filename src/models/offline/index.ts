export { availableSkills, type RouteDecision, routeIntent, shippedSkills } from './intent-router.ts';
export { createOfflineModel, type OfflineModelOptions, offlineModelName } from './offline-model.ts';
