DROP INDEX `counters_number_unique`;--> statement-breakpoint
ALTER TABLE `counters` ADD `location` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `counters` ADD `priority_ratio` text;--> statement-breakpoint
ALTER TABLE `counters` ADD `active` integer DEFAULT true NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `counters_active_number` ON `counters` (`number`) WHERE "counters"."active" = 1;--> statement-breakpoint
ALTER TABLE `services` ADD `appointments` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `services` ADD `active` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `counters` text;