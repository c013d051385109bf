import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { JobRegistry } from './job-registry';
import { QueueWorker } from './queue-worker.service';
import { SchedulerService } from './scheduler.service';

/** Imported by the worker entry only: Bull processors and the scheduler. */
@Module({
  imports: [DiscoveryModule, ScheduleModule.forRoot()],
  providers: [JobRegistry, QueueWorker, SchedulerService],
  exports: [SchedulerService, JobRegistry],
})
export class QueueWorkerModule {}
