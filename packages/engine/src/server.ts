// Server-only entry of the engine: queue, scheduler, workers. Never imported by the web
// client bundle (dependency-cruiser enforces it).
export { startBoss, BOSS_SCHEMA, type BossOptions } from './queue/boss.ts';
