import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { PersonalDataRegistry } from './personal-data.registry';
import { SubjectExportService } from './subject-export.service';

@Global()
@Module({ imports: [DiscoveryModule], providers: [PersonalDataRegistry, SubjectExportService], exports: [PersonalDataRegistry, SubjectExportService] })
export class PersonalDataModule {}
