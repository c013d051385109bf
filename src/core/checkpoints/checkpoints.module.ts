import { Global, Module } from '@nestjs/common';
import { Checkpoints } from './checkpoints.service';

/** Signed checkpoints of the hash-chained logs, outside the database (see Checkpoints). */
@Global()
@Module({ providers: [Checkpoints], exports: [Checkpoints] })
export class CheckpointsModule {}
