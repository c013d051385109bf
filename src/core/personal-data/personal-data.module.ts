import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { PersonalDataRegistry } from './personal-data.registry';
import { SubjectExportService } from './subject-export.service';
import { SubjectResolver } from './subject-resolver.service';

@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [PersonalDataRegistry, SubjectResolver, SubjectExportService],
  exports: [PersonalDataRegistry, SubjectResolver, SubjectExportService],
})
export class PersonalDataModule {}
