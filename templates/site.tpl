{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>{{SITE_NAME}}</h1>
<p>{{ADDRESS}}, {{POSTCODE}} {{CITY}}</p>
<p class="hint">{{ACCESS_INFO}}</p>
<p class="lead">{{PROCEDURE_NAME}} — {{PARTY_TEXT}}</p>
{{#FORM_ERRORS}}<div class="alert" role="alert"><ul>{{#ERROR}}<li>{{MESSAGE}}</li>{{/ERROR}}</ul></div>{{/FORM_ERRORS}}
<h2>[[Choisissez un jour]]</h2>
<ul class="days">
{{#DAY}}<li>{{#LINK}}<a href="{{URL}}"{{#CURRENT}} aria-current="date"{{/CURRENT}} class="day{{#FULL}} full{{/FULL}}{{#CLOSED}} full{{/CLOSED}}">{{LABEL}}{{#FULL}} <span class="small">[[complet]]</span>{{/FULL}}{{#CLOSED}} <span class="small">[[fermé]]</span>{{/CLOSED}}</a>{{/LINK}}{{#BEYOND}}<span class="day full">{{LABEL}} <span class="small">[[pas encore ouvert]]</span></span>{{/BEYOND}}</li>
{{/DAY}}
</ul>
<p class="pager">{{#PREV}}<a href="{{URL}}">[[Jours précédents]]</a> {{/PREV}}{{#NEXT}}<a href="{{URL}}">[[Jours suivants]]</a>{{/NEXT}}</p>
{{#HAS_DAY}}<h2>[[Horaires du]] {{DAY_LABEL}}</h2>{{/HAS_DAY}}
<ul class="times">
{{#TIME}}<li><a class="button time" href="{{URL}}">{{LABEL}}</a></li>
{{/TIME}}
</ul>
{{#NO_TIME}}<p>[[Plus de créneau libre ce jour-là : choisissez un autre jour.]]</p>{{/NO_TIME}}
{{#NO_DAY}}<p>[[Aucun créneau libre sur ces jours : voyez les jours suivants ou un autre lieu.]]</p>{{/NO_DAY}}
<p>[[Aucun horaire ne vous convient ?]] <a href="/liste?procedure={{PROCEDURE:u}}&amp;personnes={{PARTY}}&amp;site={{SITE_ID}}">[[Inscrivez-vous sur la liste d'attente]]</a>. [[Votre titre expire bientôt ou c'est urgent ?]] <a href="/urgence?procedure={{PROCEDURE:u}}&amp;site={{SITE_ID}}">[[Demander un rendez-vous urgent]]</a></p>
<p class="back"><a href="/recherche?procedure={{PROCEDURE:u}}&amp;personnes={{PARTY}}&amp;lieu={{POSTCODE:u}}">[[Voir les autres lieux]]</a></p>
{{>FOOTER}}
